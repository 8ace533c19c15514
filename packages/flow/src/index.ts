export * from './catalog.js';
export * from './catalogJson.js';
export * from './decay.js';
export * from './define.js';
export * from './diff.js';
export * from './diffText.js';
export * from './document.js';
export * from './errors.js';
export * from './events.js';
export * from './examples.js';
export * from './format.js';
export * from './frequencyCaps.js';
export * from './grades.js';
export * from './icons.js';
export * from './localTime.js';
export * from './nodeLabel.js';
export * from './nodes/condition.engagement.js';
export * from './nodes/condition.grade.js';
export * from './nodes/control.abTest.js';
export * from './nodes/fields.js';
export * from './nodes/trigger.engagementChanged.js';
export * from './nodes/trigger.scoreThreshold.js';
export * from './pointer.js';
export * from './scores.js';
export * from './scoringModel.js';
export {
  Diagnostic,
  DiagnosticCode,
  DocumentPath,
  hasErrors,
  MAX_EDGES,
  MAX_NODES,
  Severity,
} from './validation/diagnostic.js';
export { sourceHandleOf } from './validation/edges.js';
export { checkEmailTemplates, EmailCatalog } from './validation/emailTemplates.js';
export { plainError, plainIssues } from './validation/messages.js';
export { typeDisplayName } from './validation/names.js';
export { configIssues } from './validation/nodes.js';
export { parseFlowDocument } from './validation/parse.js';
export { validateFlow } from './validation/validate.js';
