import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A release reserves its label versions in `release_labels` before it writes its files and
 * records itself (decision 70). This table lists the reservations not yet recorded, so that a
 * build that crashed between the two leaves rows a sweep can find without scanning
 * `release_labels`: the release's row here is deleted when the release is recorded or its build
 * fails; what is left after EXPORT_RESERVATION_MAX_AGE_MS belonged to a crashed build.
 */
export class ReleaseReservations1767800000000 implements MigrationInterface {
  name = 'ReleaseReservations1767800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE export.release_reservations (
      release_id text COLLATE "C" PRIMARY KEY,
      project_id text NOT NULL,
      label_count integer NOT NULL,
      reserved_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE export.release_reservations`);
  }
}
