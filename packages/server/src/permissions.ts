// Who may do what. This table is the single source: docs/permissions.md shows it, `can` enforces it
// (route definitions name one permission each; nothing checks roles anywhere else).
import type { Role } from '@openrgs/api';

export const PERMISSIONS = [
  'case:read',
  'case:write',
  'case:sign-off',
  'measurement:write',
  'patient:read',
  'patient:write',
  'patient-identity:read',
  'probe:write',
  'qc:write',
  'live:view',
  'live:operate',
  'audit:read',
  'user:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const PERMISSION_MEANING: Record<Permission, string> = {
  'case:read': 'read cases, lesions, specimens, notes and measurements',
  'case:write': 'create and edit cases, tracer administrations, lesions, specimens, notes',
  'case:sign-off': 'sign a case off (locks it) and reopen it with a reason',
  'measurement:write': 'record measurements (posted or from a live station) and link them',
  'patient:read': 'read patients by pseudonym',
  'patient:write': 'create and edit patients, including identifying fields',
  'patient-identity:read': 'read identifying fields (names, birth date, record number); each read is audited',
  'probe:write': 'register probes and edit them',
  'qc:write': 'record probe QC results and set QC status',
  'live:view': 'list stations and subscribe to live state',
  'live:operate': 'start/end live sessions, mark sites, move the simulated probe',
  'audit:read': 'read the audit log',
  'user:manage': 'create users, change roles, disable accounts, reset passwords',
};

const ALL = new Set<Permission>(PERMISSIONS);

const CLINICAL: Permission[] = [
  'case:read',
  'case:write',
  'case:sign-off',
  'measurement:write',
  'patient:read',
  'patient:write',
  'patient-identity:read',
  'live:view',
  'live:operate',
  'audit:read',
];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  admin: ALL,
  surgeon: new Set(CLINICAL),
  'nuclear-medicine': new Set<Permission>([...CLINICAL, 'probe:write']),
  physicist: new Set<Permission>([
    'case:read',
    'measurement:write',
    'patient:read',
    'probe:write',
    'qc:write',
    'live:view',
    'live:operate',
    'audit:read',
  ]),
  viewer: new Set<Permission>(['case:read', 'patient:read', 'live:view']),
};

/** The one authorisation check. */
export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

export function permissionsOf(role: Role): Permission[] {
  return PERMISSIONS.filter((p) => can(role, p));
}

const ROLES: Role[] = ['admin', 'surgeon', 'nuclear-medicine', 'physicist', 'viewer'];

/** The permission table as Markdown (docs/permissions.md embeds it; a test keeps them equal). */
export function permissionsMarkdown(): string {
  const header = `| permission | meaning | ${ROLES.join(' | ')} |`;
  const rule = `| --- | --- | ${ROLES.map(() => ':---:').join(' | ')} |`;
  const rows = PERMISSIONS.map(
    (p) =>
      `| \`${p}\` | ${PERMISSION_MEANING[p]} | ${ROLES.map((r) => (can(r, p) ? '✓' : '')).join(' | ')} |`,
  );
  return [header, rule, ...rows].join('\n');
}
