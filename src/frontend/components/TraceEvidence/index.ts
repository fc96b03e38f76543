export { TraceEvidenceNote, TraceEvidenceSplit } from './TraceEvidence';
