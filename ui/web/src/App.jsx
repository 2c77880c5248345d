import { createContext, useContext, useEffect, useState } from 'react';
import {
  Button, Label, Masthead, MastheadBrand, MastheadContent, MastheadLogo, MastheadMain, MastheadToggle, Nav, NavGroup,
  NavItem, NavList, Page, PageContext, PageSidebar, PageSidebarBody, PageToggleButton, ToggleGroup, ToggleGroupItem, Toolbar,
  ToolbarContent, ToolbarGroup, ToolbarItem,
} from '@patternfly/react-core';
import { MoonIcon, SunIcon } from '@patternfly/react-icons';
import { LANGUAGES } from './i18n.js';
import { LanguageContext, useT } from './I18n.jsx';
import { logout, session } from './api.js';
import { onStreamState } from './live.js';
import { Login } from './Login.jsx';
import { Instances } from './Instances.jsx';
import { Overview } from './Overview.jsx';
import { Tasks } from './Tasks.jsx';
import { ADMIN_PAGE_IDS, adminPage } from './admin.jsx';
import { VOLUMES_SPEC } from './storage.jsx';
import { ResourcePage } from './ResourcePage.jsx';
import { ImageCenter } from './ImageCenter.jsx';
import { SecurityGroups } from './network/SecurityGroups.jsx';
import { href, redirect, useRoute } from './router.js';
import { HOME, OPERATOR_ADMIN_PAGES, OPERATOR_PAGES, detailPage, framelessPage } from './operator/routes.js';
import { navGroups } from './navigation.js';
import { useTheme } from './theme.js';
import { Logo } from './Logo.jsx';

const LANGUAGE = 'ovm.language';
const Volumes = ({ user }) => <ResourcePage spec={VOLUMES_SPEC} user={user} />;
// the dashboard is everyone's home; #/overview (the VDC's quota) stays
const PAGES = { ...OPERATOR_PAGES, instances: Instances, tasks: Tasks, volumes: Volumes, overview: Overview,
  'security-groups': SecurityGroups };
// the image center adds container images and registries to the templates and ISOs page
const ADMIN_PAGES = { ...Object.fromEntries(ADMIN_PAGE_IDS.map((id) => [id, id === 'images' ? ImageCenter : adminPage(id)])),
  ...OPERATOR_ADMIN_PAGES };
const ThemeContext = createContext(['light', () => {}]);

export function App() {
  const [language, setLanguage] = useState(localStorage.getItem(LANGUAGE) || 'en');
  const [user, setUser] = useState(session());
  const theme = useTheme();
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
      <ThemeContext.Provider value={theme}>
        {user ? <Portal user={user} onLogout={() => { logout(); setUser(null); }} /> : <Login onLogin={setUser} />}
      </ThemeContext.Provider>
    </LanguageContext.Provider>
  );
}

export function LanguageSwitch() {
  const t = useT();
  return (
    <LanguageContext.Consumer>
      {({ language, setLanguage }) => (
        <ToggleGroup aria-label={t('lang.label')} isCompact>
          {LANGUAGES.map((l) => (
            <ToggleGroupItem key={l.id} text={l.label} buttonId={`lang-${l.id}`} isSelected={language === l.id}
              onChange={() => setLanguage(l.id)} />
          ))}
        </ToggleGroup>
      )}
    </LanguageContext.Consumer>
  );
}

/** Light or dark: #theme-toggle, data-theme the one shown. */
export function ThemeToggle() {
  const t = useT();
  const [theme, toggle] = useContext(ThemeContext);
  const dark = theme === 'dark';
  return (
    <Button variant="plain" id="theme-toggle" data-theme={theme} onClick={toggle}
      aria-label={t(dark ? 'theme.toLight' : 'theme.toDark')} title={t(dark ? 'theme.toLight' : 'theme.toDark')}
      icon={dark ? <SunIcon /> : <MoonIcon />} />
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

function Navigation({ pages, page }) {
  const t = useT();
  // on a narrow screen the navigation covers the page: it closes once a page is chosen
  const { isMobile, isSidebarOpen, onSidebarToggle } = useContext(PageContext);
  const item = (id) => (
    // a link: opens in a new tab too, and Back/Forward follow it
    <NavItem key={id} itemId={id} id={`nav-${id}`} to={href(id)} isActive={page === id}>{t(`nav.${id}`)}</NavItem>
  );
  return (
    <Nav aria-label={t('nav.label')} id="nav" onSelect={() => isMobile && isSidebarOpen && onSidebarToggle()}>
      {navGroups(Object.keys(pages)).map((group) => (group.id ? (
        <NavGroup key={group.id} title={t(`navGroup.${group.id}`)} id={`nav-group-${group.id}`}>
          {group.pages.map(item)}
        </NavGroup>
      ) : <NavList key="top">{group.pages.map(item)}</NavList>))}
    </Nav>
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
  // a route with an id shows the object's own page (#/instances/<id>, #/hosts/<id>)
  const Current = detailPage(route, user) || pages[page] || Instances;
  if (Frameless) {
    return <Frameless user={user} id={route.id} tab={route.tab} />;
  }
  const masthead = (
    <Masthead>
      <MastheadMain>
        <MastheadToggle>
          {/* the navigation on narrow screens (closed below 1200 px): #nav-toggle */}
          <PageToggleButton isHamburgerButton id="nav-toggle" aria-label={t('nav.toggle')} />
        </MastheadToggle>
        <MastheadBrand><MastheadLogo component="a" href={href('dashboard')}><Logo /></MastheadLogo></MastheadBrand>
      </MastheadMain>
      <MastheadContent>
        <Toolbar isFullHeight isStatic>
          <ToolbarContent>
            <ToolbarGroup align={{ default: 'alignEnd' }} gap={{ default: 'gapSm' }}>
              <ToolbarItem><LiveIndicator /></ToolbarItem>
              <ToolbarItem><LanguageSwitch /></ToolbarItem>
              <ToolbarItem><ThemeToggle /></ToolbarItem>
              <ToolbarItem><span id="current-user">{user.username}</span></ToolbarItem>
              <ToolbarItem><Button variant="secondary" id="logout" onClick={onLogout}>{t('user.logout')}</Button></ToolbarItem>
            </ToolbarGroup>
          </ToolbarContent>
        </Toolbar>
      </MastheadContent>
    </Masthead>
  );
  const sidebar = (
    <PageSidebar>
      <PageSidebarBody>
        <Navigation pages={pages} page={page} />
      </PageSidebarBody>
    </PageSidebar>
  );
  return (
    <Page masthead={masthead} sidebar={sidebar} isManagedSidebar>
      <Current user={user} id={route.id} tab={route.tab} />
    </Page>
  );
}
