/** The locator is model-neutral (plain fs): it lives in src/source; re-exported here for the CDKTF API. */
export { classNameFor, SourceLocator, type SourceLocation } from '../source/locator';
