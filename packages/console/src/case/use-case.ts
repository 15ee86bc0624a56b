// Loads a case with its measurements and the stations (to know which one runs this case's live session).
import * as api from '../api.js';
import { useAsync } from '../use-async.js';

export function useCaseData(caseId: string) {
  return useAsync(async () => {
    const [caseData, measurements, stations] = await Promise.all([
      api.getCase(caseId),
      api.listMeasurements(caseId),
      api.listStations().catch(() => [] as api.StationInfo[]),
    ]);
    const sorted = [...measurements].sort((a, b) => a.measuredAt.localeCompare(b.measuredAt));
    return { caseData, measurements: sorted, stations };
  }, [caseId]);
}
