// The top of the interface: the update prompt and the current screen.
// Signed out: the login screen. Signed in: the sync-status screen, which is
// the home screen of this milestone; later screens hang off here.

import { session } from "./api";
import { lazy } from "./lazy";
import { LoginScreen } from "./screens/login";
import { UpdateBanner } from "./ui/UpdateBanner";

// Loaded on demand: a signed-out visitor never downloads it.
const SyncScreen = lazy(() => import("./screens/sync"));

export function App() {
  return (
    <>
      <UpdateBanner />
      {session.value ? <SyncScreen /> : <LoginScreen />}
    </>
  );
}
