/**
 * Who did something, as people read it. Before the first user exists the
 * audit log records the front and the operating-system account
 * ("cli:root", "desktop:wang"); screens and papers call that 初始设置, as
 * whoami does. The JSON keeps the recorded actor as it is.
 */

const MACHINE_ACTOR = /\b(?:cli|desktop):[^\s）)，,；;]*/g;

/** Every machine actor inside a sentence replaced by 初始设置. */
export function plainActors(text: string): string {
  return text.replace(MACHINE_ACTOR, '初始设置');
}
