/** The selected packet: its decoded fields as a tree (layers open) and its bytes in hex and ASCII. */
import type { Field } from '../../../../common/capture/decode.js';
import { useStore } from '../../store/index.js';
import { DROP_WORDS, detailOf, hexDump } from './rows.js';

function FieldTree({ fields }: { fields: readonly Field[] }) {
  return (
    <ul>
      {fields.map((field, i) => (
        <li key={i}>
          {field.children ? (
            <details open>
              <summary>{field.label}</summary>
              <FieldTree fields={field.children} />
            </details>
          ) : (
            field.label
          )}
        </li>
      ))}
    </ul>
  );
}

export function PacketDetail() {
  const ring = useStore((s) => s.packetRing);
  const selected = useStore((s) => s.selectedPacket);
  useStore((s) => s.packetsVersion);
  const kept = selected === undefined ? undefined : ring.get(selected);
  if (!kept) return <div className="packet-detail muted">Select a packet to see its fields and bytes.</div>;
  const { decoded, bytes } = detailOf(kept);
  const { length, drop } = kept.packet;
  const frame: Field = {
    label: `Frame ${kept.n}: ${length} bytes on the wire, ${bytes.length} captured`,
    children: [
      ...(drop ? [{ label: `Dropped by emulation: ${DROP_WORDS[drop]} (${drop})` }] : []),
      ...(decoded.truncated ? [{ label: `Truncated: ${decoded.truncated}` }] : []),
    ],
  };
  return (
    <div className="packet-detail" data-testid="packet-detail">
      <div className="packet-fields" data-testid="packet-fields">
        <FieldTree fields={[frame, ...decoded.fields]} />
      </div>
      <pre className="packet-bytes" data-testid="packet-bytes">
        {hexDump(bytes).join('\n')}
      </pre>
    </div>
  );
}
