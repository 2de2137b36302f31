import { Type, type Static } from 'typebox';
import { DateTime, NullableDateTime, Uuid } from '../http/schemas.ts';
import { ROLES } from './auth.tables.ts';

export const RoleSchema = Type.Enum(ROLES);

export const TenantSchema = Type.Object({
  id: Uuid,
  slug: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  isDemo: Type.Boolean(),
});

export const UserActionSchema = Type.Enum(['update', 'disable', 'enable', 'revokeSessions']);

export const UserSchema = Type.Object({
  id: Uuid,
  email: Type.String(),
  mobile: Type.Union([Type.String(), Type.Null()]),
  displayName: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('invited'), Type.Literal('disabled')]),
  roles: Type.Array(RoleSchema),
  organizationId: Type.Union([Uuid, Type.Null()]),
  locked: Type.Boolean(),
  lastLoginAt: NullableDateTime,
  createdAt: DateTime,
  actions: Type.Array(UserActionSchema, { description: 'What the caller may do with this user next' }),
});
export type UserDto = Static<typeof UserSchema>;

export const Email = Type.String({ format: 'email', maxLength: 254 });
export const Password = Type.String({ minLength: 1, maxLength: 128 });
export const NewPassword = Type.String({ minLength: 10, maxLength: 128, description: 'At least 10 characters with letters and digits' });
export const Mobile = Type.String({ pattern: '^(\\+?86)?1[3-9][0-9]{9}$' });
export const DisplayName = Type.String({ minLength: 1, maxLength: 60 });

export const LoginBody = Type.Object(
  {
    tenant: Type.String({ minLength: 1, maxLength: 64, description: 'Tenant slug' }),
    identifier: Type.String({ minLength: 3, maxLength: 254, description: 'E-mail address or mobile number' }),
    password: Password,
  },
  { additionalProperties: false },
);

export const MeSchema = Type.Object({
  user: UserSchema,
  tenant: TenantSchema,
  permissions: Type.Array(Type.String()),
  home: Type.String(),
  session: Type.Object({ id: Uuid, idleMinutes: Type.Integer(), absoluteHours: Type.Integer() }),
});

export const LoginResponse = Type.Object({
  user: UserSchema,
  tenant: TenantSchema,
  expiresAt: DateTime,
});

export const ChangePasswordBody = Type.Object({ currentPassword: Password, newPassword: NewPassword }, { additionalProperties: false });
export const ResetRequestBody = Type.Object({ tenant: Type.String({ minLength: 1, maxLength: 64 }), email: Email }, { additionalProperties: false });
export const TokenPasswordBody = Type.Object({ token: Type.String({ minLength: 20, maxLength: 200 }), password: NewPassword }, { additionalProperties: false });

export const SessionSchema = Type.Object({
  id: Uuid,
  createdAt: DateTime,
  lastSeenAt: DateTime,
  expiresAt: DateTime,
  ip: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  current: Type.Boolean(),
});

export const DemoAccountSchema = Type.Object({
  role: RoleSchema,
  email: Type.String(),
  displayName: Type.String(),
  password: Type.String(),
});

export const InviteBody = Type.Object(
  {
    email: Email,
    displayName: DisplayName,
    roles: Type.Array(RoleSchema, { minItems: 1, uniqueItems: true }),
    mobile: Type.Optional(Mobile),
    organizationId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

export const UpdateUserBody = Type.Object(
  {
    displayName: Type.Optional(DisplayName),
    mobile: Type.Optional(Type.Union([Mobile, Type.Null()])),
    roles: Type.Optional(Type.Array(RoleSchema, { uniqueItems: true })),
    organizationId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  },
  { additionalProperties: false },
);

export const UserListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    role: Type.Optional(RoleSchema),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('invited'), Type.Literal('disabled')])),
    sort: Type.Optional(Type.Enum(['displayName', 'email', 'createdAt', 'lastLoginAt'])),
    order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
    page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  },
  { additionalProperties: false },
);
