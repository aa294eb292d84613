/**
 * Captures over the module: the capture point is inside vnet.ko, at the port of the captured
 * interface, each direction before and after its emulation, with the frames that emulation drops
 * (common/protocol/helper.ts, capture.start, says what each point shows).
 */
import { RPC_ERRORS } from '../../common/protocol/helper.js';
import type { CapturePoint } from '../../common/capture/targets.js';
import { vnetCapturePoints, vnetDirs, vnetFeatures, type VnetDevice } from '../../native/index.js';
import type { CaptureOptions, CaptureSource } from '../backend.js';
import { RpcError } from '../rpc.js';

export const MODULE_CANNOT_CAPTURE =
  'the loaded vnet module cannot capture: load the vnet.ko of this vnet, or start the network with --backend netns';

const { before, after, dropped } = vnetCapturePoints;
/** The module's points of each capture point: drops take the place of the frames `after` would show. */
const POINTS: Record<CapturePoint, number> = { before, after: after | dropped, both: before | after | dropped };

/** Both directions of one port; its node sent what its egress saw (nothing mirrored). */
export async function capturePort(device: VnetDevice, port: number, options: CaptureOptions): Promise<CaptureSource> {
  if (!(device.features & vnetFeatures.capture)) throw new RpcError(RPC_ERRORS.backendUnavailable, MODULE_CANNOT_CAPTURE);
  const reader = await device.capture({
    ports: [port],
    points: POINTS[options.point],
    dirs: vnetDirs.egress | vnetDirs.ingress,
    program: options.program,
    snaplen: options.snaplen,
    ringBytes: options.bufferBytes,
  });
  return { reader, mirrored: false };
}
