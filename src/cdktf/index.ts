/** CDKTF integration (`crm-guard/cdktf`): kept apart so the policy library never loads cdktf. */
export { PolicyGuard, type PolicyGuardOptions } from './guard';
export { SourceLocator, type SourceLocation } from './source-locator';
export { Waivers, type ConstructWaiver } from './waivers';
