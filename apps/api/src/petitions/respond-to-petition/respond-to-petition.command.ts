import { PetitionCommandMessage } from '../shared/petition-command-message';
import type { RespondToPetitionDto } from './respond-to-petition.dto';

export class RespondToPetitionCommand extends PetitionCommandMessage<RespondToPetitionDto> {}
