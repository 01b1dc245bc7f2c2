export function App() {
  return (
    <main>
      <h1>AKConv Playground</h1>
      <p>YOLOv5-C3_AKConv in the browser. The playground UI is coming; the model core is in place.</p>
    </main>
  );
}
