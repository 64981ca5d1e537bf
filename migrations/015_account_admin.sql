-- 015_account_admin: 账号管理. A command centre can reset a person's password to a temporary one;
-- until the person sets their own, their session serves only the account routes (change the
-- password, who am I, sessions, sign out). Setting a password (POST /api/auth/password) clears it.
ALTER TABLE people ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
