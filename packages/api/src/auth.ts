// Users, roles, login, first-run setup and API tokens.
import { z } from 'zod';
import { Id, Instant, label } from './text.js';

export const Role = z.enum(['admin', 'surgeon', 'nuclear-medicine', 'physicist', 'viewer']);
export type Role = z.infer<typeof Role>;

export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'must be 2–64 of a-z 0-9 . _ - (starting with a letter or digit)');

/** One minimum for every account, administrators included (NIST SP 800-63B §5.1.1.2 asks ≥ 8). */
export const PASSWORD_MIN_LENGTH = 12;
/** The same minimum under the name the console uses. */
export const MIN_PASSWORD_LENGTH = PASSWORD_MIN_LENGTH;
/** Argon2 input stays bounded. */
export const PASSWORD_MAX_LENGTH = 200;

/**
 * Length only, counted in code points; the server adds the blocklist of common passwords and the
 * one-repeated-character rule (server/src/auth/password-policy.ts), where the list lives.
 */
export const Password = z
  .string()
  .refine((p) => [...p].length >= PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .refine((p) => p.length <= PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`);

export const LoginRequest = z.strictObject({ username: Username, password: z.string().min(1).max(200) });
export type LoginRequest = z.infer<typeof LoginRequest>;

export const User = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string().nullable(),
  role: Role,
  disabled: z.boolean(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type User = z.infer<typeof User>;

export const LoginResponse = z.object({
  /** Bearer token: send as `Authorization: Bearer <token>`; the console uses the cookie instead. */
  token: z.string(),
  expiresAt: Instant,
  user: User,
});
export type LoginResponse = z.infer<typeof LoginResponse>;

export const SetupStatus = z.object({
  /** True while no user exists: the console shows first-run setup. */
  needed: z.boolean(),
});

export const SetupRequest = z.strictObject({
  /** The one-time setup code `rgs serve` printed on its console (groups of five; case and dashes free). */
  setupToken: z
    .string({ message: 'the setup code `rgs serve` printed on its console is required' })
    .min(1, 'the setup code `rgs serve` printed on its console is required')
    .max(100, 'must be at most 100 characters'),
  username: Username,
  password: Password,
  displayName: label(120).optional(),
});
export type SetupRequest = z.infer<typeof SetupRequest>;

export const UserCreate = z.strictObject({
  username: Username,
  password: Password,
  role: Role,
  displayName: label(120).optional(),
});

export const UserPatch = z.strictObject({
  displayName: label(120).nullable().optional(),
  role: Role.optional(),
  disabled: z.boolean().optional(),
  password: Password.optional(),
});

export const PasswordChange = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: Password,
});

export const TokenCreate = z.strictObject({
  label: label(80),
  /** Lifetime in days, 1–365. */
  expiresInDays: z.number().int().min(1).max(365),
});

export const AuthToken = z.object({
  id: Id,
  userId: Id,
  kind: z.enum(['session', 'api']),
  label: z.string().nullable(),
  createdAt: Instant,
  expiresAt: Instant,
  revokedAt: Instant.nullable(),
  lastUsedAt: Instant.nullable(),
});

/** `POST /api/auth/tokens`: the token itself (shown once) and its record. */
export const TokenCreated = z.object({ token: z.string(), record: AuthToken });

/** `POST /api/users/:id/unlock`: whose sign-in slow-down was lifted, and on how many addresses. */
export const UnlockResult = z.object({ username: z.string(), addressesCleared: z.number().int() });

export const Me = z.object({
  user: User,
  permissions: z.array(z.string()),
  tokenId: Id,
  expiresAt: Instant,
});
