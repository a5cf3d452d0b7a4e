/** Command and setting ids, in one place (a unit test checks them against package.json). */
export const EXTENSION_ID = 'tokenscope.tokenscope';
export const SECTION = 'tokenscope';

export const Commands = {
  selectModel: 'tokenscope.selectModel',
  restartWorker: 'tokenscope.restartWorker',
} as const;

export const Settings = {
  model: 'model',
  statusBarEnabled: 'statusBar.enabled',
  maxFileSizeMB: 'maxFileSizeMB',
} as const;

export const STATUS_BAR_ITEM_ID = 'tokenscope.count';
