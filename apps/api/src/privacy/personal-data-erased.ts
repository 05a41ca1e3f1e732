/**
 * Recorded in the case's stream when its personal data is erased (permanent name). A platform
 * event, outside the decider's union: the command runner tells the decider of it
 * (CommandContext.personalDataErased), and the case then takes no more ratings or comments.
 */
export const PERSONAL_DATA_ERASED = 'PersonalDataErased';
