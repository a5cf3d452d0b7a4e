/** A setting whose value could not be used: the toast and the status bar tooltip show `message`. */
export interface SettingsProblem {
  /** Full setting id, e.g. `tokenscope.model`. */
  readonly setting: string;
  readonly message: string;
}
