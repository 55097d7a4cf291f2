// The pure policy engine: business time, stage kinds, the rules and the send window.
export * from './types';
export { policySchema, defaultPolicy, type Policy } from './policy';
export { LuxonBusinessCalendar, calendarFor, createCalendars } from './business-calendar';
export { stageKindFor, type StageKindMatch } from './stage-kinds';
export { evaluate } from './evaluate';
export { nextSendTime } from './send-window';
export { earliestLocalInstant, localDateOf, addDays, type LocalDate } from './local-time';
export { severityRank, compareByUrgency, urgencyOrder, type UrgencyKey } from './urgency';
