import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DATA_SOURCE } from '@verity/service-runtime';
import { Db, row, rows } from '@verity/persistence';
import { Member } from '../domain/project.model';
import { MemberInput } from '../http/project.schemas';

interface MemberRow {
  user_id: string;
  roles: Member['roles'];
  skills: string[];
  languages: string[];
  active: boolean;
}

const toMember = (r: MemberRow): Member => ({ userId: r.user_id, roles: r.roles, skills: r.skills, languages: r.languages, active: r.active });

/** gateway.project_members: who works on a project, scoped by project id on every call. */
@Injectable()
export class MembersRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async get(projectId: string, userId: string, db: Db = this.ds): Promise<Member | undefined> {
    const r = await row<MemberRow>(db, `SELECT * FROM gateway.project_members WHERE project_id = $1 AND user_id = $2`, [projectId, userId]);
    return r && toMember(r);
  }

  async list(projectId: string, db: Db = this.ds): Promise<Member[]> {
    const rs = await rows<MemberRow>(db, `SELECT * FROM gateway.project_members WHERE project_id = $1 ORDER BY added_at, user_id`, [projectId]);
    return rs.map(toMember);
  }

  async upsert(db: Db, projectId: string, userId: string, m: MemberInput): Promise<Member> {
    const r = await row<MemberRow>(
      db,
      `INSERT INTO gateway.project_members (project_id, user_id, roles, skills, languages, active) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (project_id, user_id) DO UPDATE SET roles = $3, skills = $4, languages = $5, active = $6, updated_at = now()
       RETURNING *`,
      [projectId, userId, m.roles, m.skills, m.languages, m.active],
    );
    return toMember(r!);
  }

  async remove(db: Db, projectId: string, userId: string): Promise<boolean> {
    const rs = await rows<MemberRow>(db, `DELETE FROM gateway.project_members WHERE project_id = $1 AND user_id = $2 RETURNING *`, [projectId, userId]);
    return rs.length > 0;
  }
}
