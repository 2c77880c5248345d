import { useState } from 'react';
import { LoginForm, LoginPage } from '@patternfly/react-core';
import { login } from './api.js';
import { useT } from './I18n.jsx';
import { LanguageSwitch, ThemeToggle } from './App.jsx';

export function Login({ onLogin }) {
  const t = useT();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [failed, setFailed] = useState(null);
  const submit = async (event) => {
    event.preventDefault();
    try {
      onLogin(await login(username, password));
    } catch (e) {
      setFailed(e.status === 401 ? t('login.failed') : e.message || t('error.network'));
    }
  };
  // the logo and the tagline above the form, the language and theme in the card's header (review D22)
  return (
    <LoginPage brandImgSrc="/logo.svg" brandImgAlt="OVM" loginTitle={t('login.title')} textContent={t('app.tagline')}
      headerUtilities={<div className="ovm-login-utilities"><LanguageSwitch /><ThemeToggle /></div>}>
      <LoginForm usernameLabel={t('login.username')} usernameValue={username}
        onChangeUsername={(_, value) => setUsername(value)} passwordLabel={t('login.password')}
        passwordValue={password} onChangePassword={(_, value) => setPassword(value)}
        loginButtonLabel={t('login.submit')} onLoginButtonClick={submit} showHelperText={failed !== null}
        helperText={failed} isValidUsername={failed === null} isValidPassword={failed === null} />
    </LoginPage>
  );
}
