import { randomBytes } from 'node:crypto';
import { VerityApiError, VerityClient } from '@verity/sdk';
import { Comment } from './youtube-spam';

export const QUESTION_ID = 'spam';

export interface ProjectOptions {
  gateway: string;
  adminEmail: string;
  adminPassword: string;
  /** Accuracy of each simulated annotator; one more answers at random (the spammer). */
  accuracies: number[];
  /** Share of the confident machine answers that still go to humans, blind (an unbiased measure of machine precision). */
  auditRate: number;
  /** Precision the local model's auto-accept threshold is derived for. */
  targetPrecision: number;
  /** Comments the PM registers as the gold set (known answers) for honeypots. */
  gold: Comment[];
}

export interface DemoProject {
  id: string;
  run: string;
  /** The upstream source the project's filter takes content from. */
  source: string;
  answersPerTask: number;
  /** The policy's checks as the project got them (the defaults of a new project). */
  honeypotRate: number;
  reliabilityFloor: number;
  /** Gold items registered for honeypots. */
  goldItems: number;
  pm: VerityClient;
  /** Signed-in annotators, the spammer last. */
  annotators: { name: string; id: string; client: VerityClient }[];
  expert: VerityClient;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The people and the project, set up through the gateway as an operator and a project manager
 * would: users, a spam/not-spam ontology, a policy that turns the local model on and leaves
 * honeypots and the reliability floor at a new project's defaults, and a gold set for the honeypots.
 */
export async function setUpDemoProject(o: ProjectOptions): Promise<DemoProject> {
  const run = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const password = randomBytes(18).toString('base64url');
  const admin = await VerityClient.signIn(o.gateway, o.adminEmail, o.adminPassword);

  // People: a project manager, the annotators (the last one a spammer) and a quality analyst.
  const names = [...o.accuracies.map((_, i) => `annotator-${i + 1}`), 'spammer'];
  const mk = (n: string, roles: string[]) => admin.createUser({ email: `${n}-${run}@demo.verity`, displayName: n, password, roles });
  const pmUser = await mk('pm', ['project_manager']);
  const expertUser = await mk('expert', ['quality_analyst']);
  const annotatorUsers = [];
  for (const n of names) annotatorUsers.push(await mk(n, ['annotator']));
  const pm = await VerityClient.signIn(o.gateway, pmUser.email, password);

  const answersPerTask = 3;
  const source = `youtube-demo-${run}`;
  const project = (await pm.createProject({
    name: `YouTube spam (demo ${run})`,
    description: 'Is this YouTube comment spam? Public data, simulated annotators.',
    contentTypes: ['text'],
    filter: { sources: [source] },
    policy: {
      answersPerTask,
      agreementThreshold: 0.3,
      posteriorThreshold: 0.8,
      // honeypotRate and reliabilityFloor are not set: the project gets the defaults, as any new project does.
      leaseSeconds: 300,
      // The local model, trained by prelabel from this project's labels on labels.v1, takes the
      // tasks it is confident about once its held-out answers support a threshold for the target.
      prelabelMode: 'local',
      targetPrecision: o.targetPrecision,
      auditRate: o.auditRate,
    },
  })) as { id: string; policy: { honeypotRate: number; reliabilityFloor: number } };
  for (const u of annotatorUsers) await pm.setMember(project.id, u.id, { roles: ['annotator'], languages: ['en'] });
  await pm.setMember(project.id, expertUser.id, { roles: ['quality_analyst'] });
  const draft = await pm.createOntologyDraft(project.id, {
    guidelines: {
      text: 'Spam advertises a channel, product or link, or asks for likes, subscriptions or clicks. Everything else is not spam, even if rude or off-topic.',
      examples: [],
    },
    questions: [
      { id: QUESTION_ID, type: 'single_choice', prompt: 'Is this comment spam?', options: [{ id: 'spam', label: 'Spam' }, { id: 'ham', label: 'Not spam' }] },
    ],
  });
  await pm.publishOntology(project.id, draft.version);
  const question = { id: QUESTION_ID, type: 'single_choice', prompt: 'Is this comment spam?', options: [{ id: 'spam', label: 'Spam' }, { id: 'ham', label: 'Not spam' }] };
  for (const c of o.gold) {
    await registerGold(pm, project.id, {
      ontologyVersion: draft.version,
      question,
      content: { type: 'text', text: c.text },
      language: 'en',
      expectedAnswer: { choice: { optionIds: [c.truth] } },
    });
  }

  const clients = await Promise.all(annotatorUsers.map((u) => VerityClient.signIn(o.gateway, u.email, password)));
  return {
    id: project.id,
    run,
    source,
    answersPerTask,
    honeypotRate: project.policy.honeypotRate,
    reliabilityFloor: project.policy.reliabilityFloor,
    goldItems: o.gold.length,
    pm,
    annotators: annotatorUsers.map((u, i) => ({ name: names[i], id: u.id, client: clients[i] })),
    expert: await VerityClient.signIn(o.gateway, expertUser.email, password),
  };
}

/** POST /v1/projects/:id/gold, waiting (at most 30 s) for assignment to learn of the new project from projects.v1. */
async function registerGold(pm: VerityClient, projectId: string, body: Record<string, unknown>): Promise<void> {
  const until = Date.now() + 30000;
  for (;;) {
    try {
      await pm.call('POST', `/v1/projects/${projectId}/gold`, body, 'register gold');
      return;
    } catch (err) {
      if (!(err instanceof VerityApiError && err.status === 404) || Date.now() > until) throw err;
      await sleep(500);
    }
  }
}
