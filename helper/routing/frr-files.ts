/**
 * Routers' FRR configurations kept in files beside the document (a node's `frrFile`): read before
 * anything is planned or built into the `frr` text the plan installs as is. Read as the user who runs
 * vnet (user-files.ts): the text lands in the router's /etc/frr, which the user reads.
 */
import type { Topology } from '../../common/topology/index.js';
import { documentFilePath } from '../../common/topology/document-files.js';
import { RPC_ERRORS } from '../../common/protocol/helper.js';
import type { Invoker } from '../processes.js';
import { RpcError } from '../rpc.js';
import { readAsUser } from '../user-files.js';

/** The document with each router's `frrFile` read into its `frr`; refused, naming the router and the file, when one cannot be read. */
export async function readFrrFiles(topology: Topology, folder: string | undefined, user: Invoker): Promise<Topology> {
  if (!topology.nodes.some((n) => n.frrFile !== undefined)) return topology;
  const nodes = await Promise.all(
    topology.nodes.map(async (n) =>
      n.frrFile === undefined ? n : { ...n, frr: await readAs(user, n.id, n.frrFile, folder) },
    ),
  );
  return { ...topology, nodes };
}

async function readAs(user: Invoker, router: string, file: string, folder: string | undefined): Promise<string> {
  const refuse = (why: string) => new RpcError(RPC_ERRORS.invalidParams, `router ${router}: frrFile: ${why}`);
  const path = documentFilePath(file, folder);
  if (path === undefined)
    throw refuse(`"${file}" is relative to the document's folder, which was not given with the document`);
  try {
    return (await readAsUser(user, path)).toString();
  } catch (error) {
    throw refuse((error as Error).message);
  }
}
