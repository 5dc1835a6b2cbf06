import { randomBytes } from 'node:crypto';
import { VerityClient } from '@verity/sdk';

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
}

export interface DemoProject {
  id: string;
  run: string;
  /** The upstream source the project's filter takes content from. */
  source: string;
  answersPerTask: number;
  pm: VerityClient;
  /** Signed-in annotators, the spammer last. */
  annotators: { name: string; id: string; client: VerityClient }[];
  expert: VerityClient;
}

/**
 * The people and the project, set up through the gateway as an operator and a project manager
 * would: users, a spam/not-spam ontology, and a policy that turns the local model on.
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
  const project = await pm.createProject({
    name: `YouTube spam (demo ${run})`,
    description: 'Is this YouTube comment spam? Public data, simulated annotators.',
    contentTypes: ['text'],
    filter: { sources: [source] },
    policy: {
      answersPerTask,
      agreementThreshold: 0.3,
      posteriorThreshold: 0.8,
      honeypotRate: 0,
      leaseSeconds: 300,
      reliabilityFloor: 0,
      // The local model, trained by prelabel from this project's labels on labels.v1, takes the
      // tasks it is confident about once its held-out answers support a threshold for the target.
      prelabelMode: 'local',
      targetPrecision: o.targetPrecision,
      auditRate: o.auditRate,
    },
  });
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

  const clients = await Promise.all(annotatorUsers.map((u) => VerityClient.signIn(o.gateway, u.email, password)));
  return {
    id: project.id,
    run,
    source,
    answersPerTask,
    pm,
    annotators: annotatorUsers.map((u, i) => ({ name: names[i], id: u.id, client: clients[i] })),
    expert: await VerityClient.signIn(o.gateway, expertUser.email, password),
  };
}
