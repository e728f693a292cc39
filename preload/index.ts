import { contextBridge, ipcRenderer } from 'electron';
import { buildBridge } from './bridge';

/** Sandboxed preload: exposes `window.hudang` (the typed API) and nothing else. */
contextBridge.exposeInMainWorld('hudang', buildBridge(ipcRenderer));
