/** Input of EnableAddOn and DisableAddOn. */
export interface ChangeAddOnInput {
  providerId: string;
  code: string;
  /** Who asks for the change (user or service id), recorded on the row and in the event. */
  actorId: string;
}
