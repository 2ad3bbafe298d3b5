import './zod-jitless.ts'; // First: before any module builds a schema.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { ApiContext, defaultApi } from './api.ts';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <ApiContext value={defaultApi()}>
      <App />
    </ApiContext>
  </StrictMode>,
);
