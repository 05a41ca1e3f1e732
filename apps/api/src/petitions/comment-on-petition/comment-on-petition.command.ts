import { PetitionCommandMessage } from '../shared/petition-command-message';
import type { CommentOnPetitionDto } from './comment-on-petition.dto';

export class CommentOnPetitionCommand extends PetitionCommandMessage<CommentOnPetitionDto & { author: string }> {}
