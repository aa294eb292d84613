/**
 * Which backend a network starts on: the one asked for, else the module
 * when it is there; and why, for the status. A running network keeps its
 * backend until it stops.
 */
import { RPC_ERRORS, type BackendName, type HelperVersion } from '../../common/protocol/helper.js';
import type { Backend, BackendOption } from '../backend.js';
import { RpcError } from '../rpc.js';

export const HELPER_VERSION = '0.1.0';

export class BackendChoice {
  constructor(
    private readonly backends: Record<BackendName, BackendOption>,
    /** The backend asked for at start (`--backend`, VNET_BACKEND). */
    private readonly asked?: BackendName,
  ) {}

  get preferred(): BackendName {
    return this.asked ?? (this.backends.kmod.support.available ? 'kmod' : 'netns');
  }

  version(): HelperVersion {
    return {
      version: HELPER_VERSION,
      abi: this.backends.kmod.abi,
      backends: { kmod: this.backends.kmod.support, netns: this.backends.netns.support },
      preferred: this.preferred,
    };
  }

  /** The running backend (refusing a switch), or a new one with the reason it was chosen. */
  choose(asked: BackendName | undefined, running?: Backend): { backend: Backend; reason?: string } {
    if (running) {
      if (asked && asked !== running.name)
        throw new RpcError(
          RPC_ERRORS.invalidParams,
          `the network runs on the ${running.name} backend; stop it before switching to ${asked}`,
        );
      return { backend: running };
    }
    const name = asked ?? this.preferred;
    const option = this.backends[name];
    if (!option.support.available)
      throw new RpcError(RPC_ERRORS.backendUnavailable, `backend ${name} is not available: ${option.support.reason}`);
    const reason =
      asked !== undefined
        ? `${name}: asked for`
        : name === 'kmod'
          ? 'kmod: the vnet module is loaded'
          : `netns: ${this.backends.kmod.support.reason ?? 'the module is not available'}`;
    return { backend: option.create(), reason };
  }
}
