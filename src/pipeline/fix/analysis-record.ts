import type { FailureAnalysisRecord } from '../../artefacts/fix-report.js';
import type { FailureAnalysis } from './types.js';

/** Pure: an analysis as fix_report.json stores it (snake_case, locations as they are). */
export function toAnalysisRecord(analysis: FailureAnalysis): FailureAnalysisRecord {
  return {
    failure_id: analysis.failureId,
    source: analysis.source,
    error_type: analysis.errorType,
    message: analysis.message,
    category: analysis.category,
    location: analysis.location,
    test_location: analysis.testLocation,
    symbol: analysis.symbol,
    root_cause: analysis.rootCause,
    suggested_fix: analysis.suggestedFix,
    confidence: analysis.confidence,
  };
}
