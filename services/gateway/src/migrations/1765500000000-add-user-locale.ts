import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A person's console language (`en`, `fr`…; see people/locales.ts). NULL until they choose one:
 * the console then follows the browser. No CHECK constraint, so a new language needs no migration;
 * the API validates it.
 */
export class AddUserLocale1765500000000 implements MigrationInterface {
  name = 'AddUserLocale1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE gateway.users ADD COLUMN locale text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE gateway.users DROP COLUMN locale`);
  }
}
