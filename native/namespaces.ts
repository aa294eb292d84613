/** Named network namespaces under /run/netns (native/src/netns.c). */
import { binding } from './binding.js';

/** Creates /run/netns/<name> for each name, all or nothing (those made by this call are removed on failure). */
export async function createNamespaces(names: string[]): Promise<void> {
  return binding().createNamespaces(names);
}

/** Removes the named namespaces; one that does not exist is not an error. */
export async function deleteNamespaces(names: string[]): Promise<void> {
  return binding().deleteNamespaces(names);
}
