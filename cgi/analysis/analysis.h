/*
 * analysis.h - the family's part in the explanatory analysis ("verklarende
 * analyse", issue 18, part 3): members answer (member.c), professionals
 * open, read and publish (professional.c).
 */
#ifndef GP_ANALYSIS_H
#define GP_ANALYSIS_H

struct req;

int	h_analysis_member(struct req *);	/* GET /analyse, citizen */
int	h_analysis_answer(struct req *);	/* POST /analyse, citizen */
int	h_analysis_pro(struct req *);		/* GET /analyse, professional */
int	h_analysis_open(struct req *);		/* POST /analyse, professional */
int	h_analysis_read(struct req *);		/* GET /analyse/{id} */
int	h_analysis_publish(struct req *);	/* POST /analyse/{id}/publiceren */
/* A default question's text for the reader, or NULL: another question,
 * which its writer's words show as they are (professional.c). */
const char	*analysis_default_question(const char *text);

#define ANALYSIS_ANSWER_MAX	2000	/* characters */

#endif
