import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Role } from '@verity/auth';
import { DATA_SOURCE } from '@verity/service-runtime';
import { Db, row, rows } from '@verity/persistence';
import type { ConsoleLocale } from '../domain/locales.rule';
import { User } from '../domain/user.model';

interface UserRow {
  id: string;
  email: string;
  display_name: string;
  roles: Role[];
  password_hash: string;
  locale: ConsoleLocale | null;
  active: boolean;
  created_at: Date;
}

const toUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  roles: r.roles,
  locale: r.locale ?? null,
  active: r.active,
  createdAt: r.created_at.toISOString(),
});

/** gateway.users: people's accounts. Users are global (not project data). */
@Injectable()
export class UsersRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  /** @crossProject gateway.users holds accounts, which are global (no project data) */
  async insert(u: { id: string; email: string; displayName: string; roles: Role[]; passwordHash: string }, db: Db = this.ds): Promise<User> {
    const r = await row<UserRow>(
      db,
      `INSERT INTO gateway.users (id, email, display_name, roles, password_hash) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [u.id, u.email, u.displayName, u.roles, u.passwordHash],
    );
    return toUser(r!);
  }

  /**
   * Makes the account with this e-mail an active admin with this password, creating it when
   * missing. Only the operator's bootstrap settings call this.
   * @crossProject gateway.users holds accounts, which are global (no project data)
   */
  async ensureAdmin(u: { id: string; email: string; passwordHash: string }, db: Db = this.ds): Promise<'created' | 'updated'> {
    const r = await row<{ inserted: boolean }>(
      db,
      `INSERT INTO gateway.users (id, email, display_name, roles, password_hash) VALUES ($1, $2, 'Administrator', $3, $4)
       ON CONFLICT ((lower(email))) DO UPDATE SET password_hash = EXCLUDED.password_hash, active = true,
         roles = (SELECT array_agg(DISTINCT r) FROM unnest(gateway.users.roles || EXCLUDED.roles) AS r), updated_at = now()
       RETURNING (xmax = 0) AS inserted`,
      [u.id, u.email, ['admin'], u.passwordHash],
    );
    return r?.inserted ? 'created' : 'updated';
  }

  /**
   * The account and its password hash, for sign-in only.
   * @crossProject gateway.users holds accounts, which are global (no project data)
   */
  async credentialsByEmail(email: string): Promise<(User & { passwordHash: string }) | undefined> {
    const r = await row<UserRow>(this.ds, `SELECT * FROM gateway.users WHERE lower(email) = lower($1)`, [email]);
    return r && { ...toUser(r), passwordHash: r.password_hash };
  }

  /** @crossProject gateway.users holds accounts, which are global (no project data) */
  async byId(id: string): Promise<User | undefined> {
    const r = await row<UserRow>(this.ds, `SELECT * FROM gateway.users WHERE id = $1`, [id]);
    return r && toUser(r);
  }

  /** @crossProject gateway.users holds accounts, which are global (no project data) */
  async list(limit: number, afterId?: string): Promise<User[]> {
    const rs = await rows<UserRow>(
      this.ds,
      `SELECT * FROM gateway.users WHERE ($1::text IS NULL OR id > $1) ORDER BY id LIMIT $2`,
      [afterId ?? null, limit],
    );
    return rs.map(toUser);
  }

  /** @crossProject gateway.users holds accounts, which are global (no project data) */
  async setActive(id: string, active: boolean): Promise<User | undefined> {
    const r = await row<UserRow>(
      this.ds,
      `UPDATE gateway.users SET active = $2, updated_at = now() WHERE id = $1 RETURNING *`,
      [id, active],
    );
    return r && toUser(r);
  }

  /**
   * Sets a person's console language; undefined when there is no such account.
   * @crossProject gateway.users holds accounts, which are global (no project data)
   */
  async setLocale(id: string, locale: ConsoleLocale): Promise<User | undefined> {
    const r = await row<UserRow>(this.ds, `UPDATE gateway.users SET locale = $2, updated_at = now() WHERE id = $1 RETURNING *`, [id, locale]);
    return r && toUser(r);
  }

  /** @crossProject gateway.users holds accounts, which are global (no project data) */
  async count(db: Db = this.ds): Promise<number> {
    const r = await row<{ n: string }>(db, `SELECT count(*) AS n FROM gateway.users`);
    return Number(r?.n ?? 0);
  }
}
