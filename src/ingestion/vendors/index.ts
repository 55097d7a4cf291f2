export * from './vendor-adapter';
export * from './signatures';
export { mapGreenhouse, greenhouseReplayTime, type GreenhouseContext } from './greenhouse.adapter';
export { mapLever, type LeverContext, type LeverArchiveOutcome } from './lever.adapter';
export { mapAshby } from './ashby.adapter';
