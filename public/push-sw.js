/* Web Push for reminders: imported by the generated sw.js (scripts/build-sw.mjs importScripts). */
self.addEventListener("push", (event) => {
  let data = { title: "知客提醒", body: "", url: "/reminders" };
  try {
    data = { ...data, ...event.data.json() };
  } catch {
    /* a push without JSON still shows the default */
  }
  event.waitUntil(self.registration.showNotification(data.title, { body: data.body, icon: "/icons/icon-192.png", badge: "/icons/icon-192.png", data: { url: data.url }, tag: "zhike-reminders" }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = (event.notification.data && event.notification.data.url) || "/reminders";
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((list) => {
      for (const c of list) if (new URL(c.url).origin === self.location.origin && "focus" in c) return c.navigate(url).then((w) => w && w.focus());
      return self.clients.openWindow(url);
    }),
  );
});
