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

/** The one password minimum, for the first administrator and every other user alike. */
export const MIN_PASSWORD_LENGTH = 10;

/** At least MIN_PASSWORD_LENGTH characters; at most 200 (argon2 input stays bounded). */
export const Password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(200, 'must be at most 200 characters');

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

export const Me = z.object({
  user: User,
  permissions: z.array(z.string()),
  tokenId: Id,
  expiresAt: Instant,
});
