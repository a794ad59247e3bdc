/** Every route table of the service, in the order Express tries them. */
import type { RouteTable } from "../route-table";
import { certificateApiRoutes, certificatePageRoutes } from "./certificates";
import { credentialRoutes } from "./credentials";
import { documentRoutes } from "./documents";
import { epcisApiRoutes, epcisRoutes } from "./epcis";
import { equipmentRoutes } from "./equipment";
import { eventRoutes } from "./events";
import { facilityRoutes } from "./facilities";
import { importRoutes } from "./imports";
import { originRoutes } from "./origin";
import { readRoutes } from "./reads";
import { serviceRoutes } from "./service";
import { viewerApiRoutes, viewerRootRoutes } from "./viewer";
import { consoleRoutes } from "../console/routes";

export const SERVICE_ROUTE_TABLES: readonly RouteTable[] = [
  serviceRoutes,
  facilityRoutes,
  equipmentRoutes,
  documentRoutes,
  eventRoutes,
  readRoutes,
  originRoutes,
  certificateApiRoutes,
  credentialRoutes,
  viewerApiRoutes,
  certificatePageRoutes,
  viewerRootRoutes,
  epcisRoutes,
  epcisApiRoutes,
  importRoutes,
  consoleRoutes,
];
