// esbuild bundles imported CSS into its own file, linked from index.html.
declare module "*.css";
