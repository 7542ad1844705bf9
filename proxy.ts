import { withAuth } from "next-auth/middleware";

export default withAuth({ pages: { signIn: "/login" } });

export const config = {
  // everything except the sign-in page, next-auth's own routes, the service worker and static assets
  matcher: ["/((?!login|offline|api/auth|api/health|_next/static|_next/image|sw\\.js|workbox-|manifest\\.webmanifest|icons/|favicon\\.ico|robots\\.txt).*)"],
};
