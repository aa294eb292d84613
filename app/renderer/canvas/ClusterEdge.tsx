/** A cluster's line to its switch (clusters.ts): what its hosts' links are, drawn once. */
import { useInternalNode, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import type { ClusterFlowEdge } from './flow.js';
import { straightLine } from './LinkEdge.js';

export const ClusterEdge = memo(function ClusterEdge({ source, target }: EdgeProps<ClusterFlowEdge>) {
  const sourceNode = useInternalNode(source);
  const targetNode = useInternalNode(target);
  if (!sourceNode || !targetNode) return null;
  return <path d={straightLine(sourceNode, targetNode).path} className="cluster-path" fill="none" />;
});
