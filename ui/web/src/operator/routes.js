// The operator pages' routes, registered by App.jsx: the dashboard (everyone's home), placement
// explain (admins), the instance, host, network, storage pool and security group pages (#/instances/<id>,
// #/hosts/<id>, #/networks/<id>, #/pools/<id>, #/security-groups/<id>) and the
// full-page console (#/console/<id>, its own browser tab without the portal's frame).
import { ConsolePage } from './ConsolePage.jsx';
import { Dashboard } from './Dashboard.jsx';
import { Explain } from './Explain.jsx';
import { HostPage } from './HostPage.jsx';
import { InstancePage } from './InstancePage.jsx';
import { NetworkPage } from '../network/NetworkPage.jsx';
import { SecurityGroupPage } from '../network/SecurityGroupPage.jsx';
import { PoolPage } from '../storage/PoolPage.jsx';
import { BackupsPage } from '../backup/BackupsPage.jsx';

/** Pages in everyone's navigation (the first is the home page). */
export const OPERATOR_PAGES = { dashboard: Dashboard };
/** Pages in the admins' navigation (the Backups page lists every VDC's backups). */
export const OPERATOR_ADMIN_PAGES = { explain: Explain, backups: BackupsPage };
export const HOME = 'dashboard';

/** The detail page a route with an id shows instead of its list, or null. */
export function detailPage(route, user) {
  if (route.page === 'instances' && route.id) {
    return InstancePage;
  }
  if (route.page === 'hosts' && route.id && user.role === 'admin') {
    return HostPage;
  }
  if (route.page === 'networks' && route.id && user.role === 'admin') {
    return NetworkPage;
  }
  if (route.page === 'pools' && route.id && user.role === 'admin') {
    return PoolPage;
  }
  if (route.page === 'security-groups' && route.id) {
    return SecurityGroupPage;
  }
  return null;
}

/** The page shown without the portal's frame (masthead, navigation), or null. */
export function framelessPage(route) {
  return route.page === 'console' && route.id ? ConsolePage : null;
}
