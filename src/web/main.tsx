import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { armAlarm } from './alarm.js';
import { App } from './app.js';
import { OutboxProvider } from './outbox.js';
import { SessionProvider } from './session.js';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

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
