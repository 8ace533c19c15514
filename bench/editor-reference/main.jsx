// The reference for bench section 6: @xyflow/react with its default nodes and edges, controlled the way
// its docs show (useNodesState), at the same node count and positions as the flow opened in the editor.
// `?n=<count>` picks the node count; `w` and `h` the canvas size in px, so that it matches the editor's canvas
// (which shares the window with its side panels); `chrome=1` adds the minimap, background and controls
// that the editor's canvas shows, to tell their cost from the cost of the editor's own nodes.
import { Background, Controls, MiniMap, ReactFlow, useEdgesState, useNodesState } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { createRoot } from 'react-dom/client';
import { gridLayout } from './layout.mjs';

const params = new URLSearchParams(window.location.search);
const n = Number(params.get('n') ?? '100');
const chrome = params.get('chrome') === '1';
const size = { width: Number(params.get('w') ?? '1280'), height: Number(params.get('h') ?? '800') };
const layout = gridLayout(n);
const initialNodes = layout.nodes.map((p) => ({
  id: p.id,
  position: { x: p.x, y: p.y },
  data: { label: `Step ${p.id}` },
}));

function App() {
  const [nodes, , onNodesChange] = useNodesState(initialNodes);
  const [edges, , onEdgesChange] = useEdgesState(layout.edges);
  return (
    <div style={size}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        fitView
        fitViewOptions={{ maxZoom: 1.1, padding: 0.2 }}
        minZoom={0.1}
      >
        {chrome && <Background gap={20} size={1} />}
        {chrome && <MiniMap pannable zoomable />}
        {chrome && <Controls showInteractive={false} />}
      </ReactFlow>
    </div>
  );
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<App />);
