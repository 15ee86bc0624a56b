// Loads a case with its measurements; reload after any change.
import * as api from '../api.js';
import { useAsync } from '../use-async.js';

export function useCaseData(caseId: string) {
  return useAsync(async () => {
    const [caseData, measurements] = await Promise.all([api.getCase(caseId), api.listMeasurements(caseId)]);
    const sorted = [...measurements].sort((a, b) => a.measuredAt.localeCompare(b.measuredAt));
    return { caseData, measurements: sorted };
  }, [caseId]);
}
