/**
 * antd-mobile 5 renders Toast and Dialog through ReactDOM.render, which React 19 dropped: give it a
 * root per container. Imported once by each phone app (the residents' pages, the grid worker's app).
 */
import { unstableSetRender } from 'antd-mobile';
import { createRoot, type Root } from 'react-dom/client';

unstableSetRender((node, container) => {
  const c = container as Element & { __tsRoot?: Root };
  c.__tsRoot ??= createRoot(container);
  const root = c.__tsRoot;
  root.render(node);
  return async () => {
    await new Promise((r) => setTimeout(r, 0));
    root.unmount();
    delete c.__tsRoot;
  };
});
