import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { armAlarm } from './alarm.js';
import { App } from './app.js';
import './i18n.js';
import { OutboxProvider } from './outbox.js';
import { SessionProvider } from './session.js';
import { startTheme } from './theme.js';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

startTheme();
armAlarm();
createRoot(root).render(
  <StrictMode>
    <OutboxProvider>
      <SessionProvider>
        <App />
      </SessionProvider>
    </OutboxProvider>
  </StrictMode>,
);
