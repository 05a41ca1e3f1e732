import { PetitionCommandMessage } from '../shared/petition-command-message';
import type { ReopenPetitionDto } from './reopen-petition.dto';

export class ReopenPetitionCommand extends PetitionCommandMessage<ReopenPetitionDto> {}
