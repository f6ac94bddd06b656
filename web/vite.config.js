// Vite build of the UI. CesiumJS is not bundled: its prebuilt `Build/Cesium` (the library
// plus the Workers, Assets, Widgets and ThirdParty folders it loads at run time) is copied
// to `dist/cesium/` and loaded as a classic script, so everything is served by
// `uitkijk serve` from one origin and nothing is fetched from another host.
import { cpSync, createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { defineConfig } from 'vite';

const cesiumBuild = resolve('node_modules/cesium/Build/Cesium');
const copied = ['Cesium.js', 'Workers', 'Assets', 'Widgets', 'ThirdParty'];

const types = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
};

/** Serves Cesium's build at /cesium/ in `vite dev` and copies it into dist at build. */
function cesiumStatic() {
  return {
    name: 'uitkijk-cesium-static',
    configureServer(server) {
      server.middlewares.use('/cesium', (req, res, next) => {
        const path = normalize(join(cesiumBuild, decodeURIComponent(req.url.split('?')[0])));
        if (!path.startsWith(cesiumBuild) || !existsSync(path) || !statSync(path).isFile()) {
          return next();
        }
        res.setHeader('Content-Type', types[extname(path)] ?? 'application/octet-stream');
        createReadStream(path).pipe(res);
      });
    },
    writeBundle(options) {
      for (const name of copied) {
        cpSync(join(cesiumBuild, name), join(options.dir, 'cesium', name), { recursive: true });
      }
    },
  };
}

export default defineConfig({
  base: '/',
  plugins: [cesiumStatic()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1024 },
  server: {
    // `npm run dev` against a running `uitkijk serve` (default bind).
    proxy: { '/api': process.env.UITKIJK_API ?? 'http://127.0.0.1:8080' },
  },
});
