import { useEffect, useState } from 'react';
import {
  Masthead, MastheadBrand, MastheadContent, MastheadLogo, MastheadMain, Nav, NavItem, NavList, Page, PageSidebar,
  PageSidebarBody, ToggleGroup, ToggleGroupItem, Toolbar, ToolbarContent, ToolbarItem, Button,
} from '@patternfly/react-core';
import { LANGUAGES } from './i18n.js';
import { LanguageContext, useT } from './I18n.jsx';
import { logout, session } from './api.js';
import { onStreamState } from './live.js';
import { Label } from '@patternfly/react-core';
import { Login } from './Login.jsx';
import { Instances } from './Instances.jsx';
import { Overview } from './Overview.jsx';
import { Tasks } from './Tasks.jsx';
import { ADMIN_PAGE_IDS, VOLUMES_SPEC, adminPage } from './admin.jsx';
import { ResourcePage } from './ResourcePage.jsx';
import { ImageCenter } from './ImageCenter.jsx';
import { navigate, redirect, useRoute } from './router.js';
import { HOME, OPERATOR_ADMIN_PAGES, OPERATOR_PAGES, detailPage, framelessPage } from './operator/routes.js';

const LANGUAGE = 'ovm.language';
const Volumes = () => <ResourcePage spec={VOLUMES_SPEC} />;
const PAGES = { ...OPERATOR_PAGES, instances: Instances, volumes: Volumes, overview: Overview, tasks: Tasks };
// the image center adds container images and registries to the templates and ISOs page
const ADMIN_PAGES = { ...Object.fromEntries(ADMIN_PAGE_IDS.map((id) => [id, id === 'images' ? ImageCenter : adminPage(id)])),
  ...OPERATOR_ADMIN_PAGES };

export function App() {
  const [language, setLanguage] = useState(localStorage.getItem(LANGUAGE) || 'en');
  const [user, setUser] = useState(session());
  useEffect(() => {
    localStorage.setItem(LANGUAGE, language);
    document.documentElement.lang = language;
  }, [language]);
  useEffect(() => {
    const ended = () => setUser(null);
    window.addEventListener('ovm-logout', ended);
    return () => window.removeEventListener('ovm-logout', ended);
  }, []);
  return (
    <LanguageContext.Provider value={{ language, setLanguage }}>
      {user ? <Portal user={user} onLogout={() => { logout(); setUser(null); }} /> : <Login onLogin={setUser} />}
    </LanguageContext.Provider>
  );
}

export function LanguageSwitch() {
  const t = useT();
  return (
    <LanguageContext.Consumer>
      {({ language, setLanguage }) => (
        <ToggleGroup aria-label={t('lang.label')}>
          {LANGUAGES.map((l) => (
            <ToggleGroupItem key={l.id} text={l.label} buttonId={`lang-${l.id}`} isSelected={language === l.id}
              onChange={() => setLanguage(l.id)} />
          ))}
        </ToggleGroup>
      )}
    </LanguageContext.Consumer>
  );
}

/** Shows whether engine events reach the page. */
function LiveIndicator() {
  const t = useT();
  const [connected, setConnected] = useState(false);
  useEffect(() => onStreamState(setConnected), []);
  return (
    <Label id="live-indicator" data-connected={connected} color={connected ? 'green' : 'grey'} isCompact>
      {t(connected ? 'live.on' : 'live.off')}
    </Label>
  );
}

function Portal({ user, onLogout }) {
  const t = useT();
  const pages = user.role === 'admin' ? { ...PAGES, ...ADMIN_PAGES } : PAGES;
  const route = useRoute();
  const Frameless = framelessPage(route);
  const page = Frameless ? route.page : route.page in pages ? route.page : HOME;
  useEffect(() => {
    if (route.page !== page) {
      redirect(page);
    }
  }, [route.page, page]);
  const Current = detailPage(route, user) || pages[page] || Instances;
  if (Frameless) {
    return <Frameless user={user} id={route.id} tab={route.tab} />;
  }
  const masthead = (
    <Masthead>
      <MastheadMain>
        <MastheadBrand><MastheadLogo component="span">{t('app.title')}</MastheadLogo></MastheadBrand>
      </MastheadMain>
      <MastheadContent>
        <Toolbar isFullHeight>
          <ToolbarContent>
            <ToolbarItem><LiveIndicator /></ToolbarItem>
            <ToolbarItem><LanguageSwitch /></ToolbarItem>
            <ToolbarItem><span id="current-user">{user.username}</span></ToolbarItem>
            <ToolbarItem><Button variant="secondary" id="logout" onClick={onLogout}>{t('user.logout')}</Button></ToolbarItem>
          </ToolbarContent>
        </Toolbar>
      </MastheadContent>
    </Masthead>
  );
  const sidebar = (
    <PageSidebar>
      <PageSidebarBody>
        <Nav onSelect={(_, item) => navigate(item.itemId)}>
          <NavList>
            {Object.keys(pages).map((id) => (
              <NavItem key={id} itemId={id} id={`nav-${id}`} isActive={page === id}>{t(`nav.${id}`)}</NavItem>
            ))}
          </NavList>
        </Nav>
      </PageSidebarBody>
    </PageSidebar>
  );
  return (
    <Page masthead={masthead} sidebar={sidebar}>
      <Current user={user} id={route.id} tab={route.tab} />
    </Page>
  );
}
