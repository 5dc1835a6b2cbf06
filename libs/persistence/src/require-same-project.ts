/**
 * A repository method takes the project id explicitly and scopes its SQL with it; when it also
 * receives a record that names its own project (an event's snapshot, a task, a lease read
 * earlier), the two must agree, or the caller mixed up projects: refused before any write.
 */
export function requireSameProject(projectId: string, record: { projectId: string }, what: string): void {
  if (record.projectId !== projectId) {
    throw new Error(`${what}.projectId is '${record.projectId}', not the project '${projectId}' the caller named`);
  }
}
