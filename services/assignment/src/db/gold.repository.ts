import { Injectable } from '@nestjs/common';
import type { Queryable } from '@verity/persistence';
import type { GoldRow } from './lease.repository';

/** A gold item to add to a project's honeypot pool (the project id is the repository call's own argument). */
export type NewGold = GoldRow & {
  expectedAnswer: unknown;
  createdBy: string;
};

@Injectable()
export class GoldRepository {
  async insert(db: Queryable, projectId: string, g: NewGold): Promise<void> {
    await db.query(
      `INSERT INTO assignment.gold_items (gold_id, project_id, source, item_id, question_id, ontology_version, question,
         content_type, masked_text, payload_ref, guidelines, language, required_skills, expected_answer, created_by)
       VALUES ($1, $2, 'endpoint', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::text[], $13, $14)`,
      [
        g.goldId,
        projectId,
        g.itemId,
        g.questionId,
        g.ontologyVersion,
        JSON.stringify(g.question),
        g.contentType,
        g.maskedText,
        g.payloadRef ? JSON.stringify(g.payloadRef) : null,
        g.guidelines,
        g.language,
        g.requiredSkills,
        JSON.stringify(g.expectedAnswer),
        g.createdBy,
      ],
    );
  }
}
