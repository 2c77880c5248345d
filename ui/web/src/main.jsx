import { createRoot } from 'react-dom/client';
import '@patternfly/react-core/dist/styles/base.css';
import './portal.css';
import { App } from './App.jsx';

createRoot(document.getElementById('root')).render(<App />);
